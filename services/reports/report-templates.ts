/**
 * Loads and compiles the Handlebars templates once per directory. HTML and plain text use two
 * separate Handlebars environments: HTML escapes every `{{value}}`, text escapes nothing (it is
 * not markup) and has its own partials, so an HTML partial can never leak into a text part.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { REPORT_HELPERS } from './report-helpers.js';

export interface ReportTemplates {
  /** Renders `<dir>/<name>.hbs` with HTML escaping, e.g. `emails/tpm-report.html`. */
  html(name: string, context: object): string;
  /** Renders `<dir>/<name>.hbs` as plain text, e.g. `emails/tpm-report.text`. */
  text(name: string, context: object): string;
  /** A static asset such as `emails/email.css` or `dashboard/dashboard.js`. */
  asset(name: string): string;
  readonly dir: string;
}

/** templates/ at the repository root, from services/reports or from dist/services/reports. */
export function defaultTemplatesDir(): string {
  for (const up of ['../../templates', '../../../templates']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'emails'))) return dir;
  }
  throw new Error('templates/ not found next to services/ (looked two and three levels up from services/reports)');
}

const cache = new Map<string, ReportTemplates>();

export function loadReportTemplates(dir: string = defaultTemplatesDir()): ReportTemplates {
  const cached = cache.get(dir);
  if (cached) return cached;
  const templates = createTemplates(dir);
  cache.set(dir, templates);
  return templates;
}

function createTemplates(dir: string): ReportTemplates {
  const htmlEnv = Handlebars.create();
  const textEnv = Handlebars.create();
  for (const [name, fn] of Object.entries(REPORT_HELPERS)) {
    htmlEnv.registerHelper(name, fn);
    textEnv.registerHelper(name, fn);
  }
  const partialsDir = join(dir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    const source = readFileSync(join(partialsDir, file), 'utf8');
    const name = basename(file, '.hbs');
    if (name.endsWith('.text')) textEnv.registerPartial(name, source);
    else htmlEnv.registerPartial(name, source);
  }

  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const compile = (env: typeof Handlebars, name: string, noEscape: boolean): Handlebars.TemplateDelegate => {
    const id = `${noEscape ? 'text' : 'html'}:${name}`;
    let template = compiled.get(id);
    if (!template) {
      template = env.compile(readFileSync(join(dir, `${name}.hbs`), 'utf8'), { noEscape, strict: false });
      compiled.set(id, template);
    }
    return template;
  };
  const assets = new Map<string, string>();

  return {
    dir,
    html: (name, context) => compile(htmlEnv, name, false)(context),
    text: (name, context) => compile(textEnv, name, true)(context),
    asset: (name) => {
      let content = assets.get(name);
      if (content === undefined) {
        content = readFileSync(join(dir, name), 'utf8');
        assets.set(name, content);
      }
      return content;
    },
  };
}

/** Marks markup this code built itself (with its own escaping) so `{{ }}` inserts it as is. */
export function trustedMarkup(markup: string): Handlebars.SafeString {
  return new Handlebars.SafeString(markup);
}

export const escapeHtml = (text: string): string => Handlebars.Utils.escapeExpression(text);
