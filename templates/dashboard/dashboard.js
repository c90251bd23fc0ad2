// Team filter for the dependency graph: dims nodes of unchecked teams (and edges touching them),
// or everything off the critical path. Classes only; the server rendered the whole picture.
(function () {
  'use strict';
  function apply(fieldset) {
    var graph = document.getElementById(fieldset.getAttribute('data-graph'));
    if (!graph) return;
    var teams = {};
    fieldset.querySelectorAll('input[name="team"]').forEach(function (box) { teams[box.value] = box.checked; });
    var criticalOnly = fieldset.querySelector('input[name="critical-only"]');
    var onlyPath = criticalOnly ? criticalOnly.checked : false;
    var hidden = {};
    graph.querySelectorAll('g.node').forEach(function (node) {
      var out = teams[node.getAttribute('data-team')] === false || (onlyPath && !node.classList.contains('on-path'));
      node.classList.toggle('filtered-out', out);
      if (out) hidden[node.getAttribute('data-id')] = true;
    });
    graph.querySelectorAll('path.edge').forEach(function (edge) {
      var out = hidden[edge.getAttribute('data-from')] || hidden[edge.getAttribute('data-to')];
      edge.classList.toggle('filtered-out', Boolean(out));
    });
  }
  document.querySelectorAll('fieldset.team-filter').forEach(function (fieldset) {
    fieldset.addEventListener('change', function () { apply(fieldset); });
    apply(fieldset);
  });
})();
