// The dependency graph's controls. Team filter: dims nodes of unchecked teams (and edges touching
// them), or everything off the critical path. Focus: shows only one item, what it waits for and
// what waits for it. Pan and zoom: svg-pan-zoom on the program page's graph. Classes only; the
// server rendered the whole picture.
(function () {
  'use strict';
  var panZooms = {};

  // The focused item plus everything upstream and downstream of it, following the drawn edges.
  function related(graph, id) {
    var up = {};
    var down = {};
    graph.querySelectorAll('path.edge').forEach(function (edge) {
      var from = edge.getAttribute('data-from');
      var to = edge.getAttribute('data-to');
      (up[to] = up[to] || []).push(from);
      (down[from] = down[from] || []).push(to);
    });
    var keep = {};
    keep[id] = true;
    [up, down].forEach(function (next) {
      var queue = [id];
      var seen = {};
      seen[id] = true;
      while (queue.length > 0) {
        (next[queue.shift()] || []).forEach(function (other) {
          if (seen[other]) return;
          seen[other] = true;
          keep[other] = true;
          queue.push(other);
        });
      }
    });
    return keep;
  }

  function apply(fieldset) {
    var graph = document.getElementById(fieldset.getAttribute('data-graph'));
    if (!graph) return;
    var teams = {};
    fieldset.querySelectorAll('input[name="team"]').forEach(function (box) { teams[box.value] = box.checked; });
    var criticalOnly = fieldset.querySelector('input[name="critical-only"]');
    var onlyPath = criticalOnly ? criticalOnly.checked : false;
    var focus = fieldset.querySelector('select[name="focus"]');
    var focusId = focus ? focus.value : '';
    var keep = focusId ? related(graph, focusId) : null;
    var hidden = {};
    var unfocused = {};
    graph.querySelectorAll('g.node').forEach(function (node) {
      var id = node.getAttribute('data-id');
      var out = teams[node.getAttribute('data-team')] === false || (onlyPath && !node.classList.contains('on-path'));
      node.classList.toggle('filtered-out', out);
      if (out) hidden[id] = true;
      var away = keep !== null && !keep[id];
      node.classList.toggle('focus-hidden', away);
      node.classList.toggle('focused', focusId !== '' && id === focusId);
      if (away) unfocused[id] = true;
    });
    graph.querySelectorAll('path.edge').forEach(function (edge) {
      var from = edge.getAttribute('data-from');
      var to = edge.getAttribute('data-to');
      edge.classList.toggle('filtered-out', Boolean(hidden[from] || hidden[to]));
      edge.classList.toggle('focus-hidden', Boolean(unfocused[from] || unfocused[to]));
    });
    var panZoom = panZooms[graph.id];
    if (panZoom && fieldset.getAttribute('data-focused') !== focusId) {
      // Frame what is left to see.
      panZoom.updateBBox();
      panZoom.fit();
      panZoom.center();
    }
    fieldset.setAttribute('data-focused', focusId);
  }

  var svgPanZoom = window.svgPanZoom;
  var program = document.getElementById('program-graph');
  var svg = program ? program.querySelector('svg.dependency-graph') : null;
  if (svg && typeof svgPanZoom === 'function') {
    var height = Math.min(Number(svg.getAttribute('height')) || 600, 640);
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', String(height));
    program.classList.add('pan-zoom');
    panZooms[program.id] = svgPanZoom(svg, {
      controlIconsEnabled: true,
      dblClickZoomEnabled: false,
      zoomScaleSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 10,
      fit: false,
      center: false,
    });
  }

  document.querySelectorAll('fieldset.team-filter').forEach(function (fieldset) {
    fieldset.addEventListener('change', function () { apply(fieldset); });
    apply(fieldset);
  });
})();
