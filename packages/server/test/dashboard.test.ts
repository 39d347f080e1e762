import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './harness.js';
import { familyOf, scrape } from './prometheus-text.js';

const root = new URL('../../../', import.meta.url);

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

function queries(panels: Panel[]): { title: string; expr: string }[] {
  return panels.flatMap((p) => [
    ...(p.targets ?? []).map((t) => ({ title: p.title ?? '', expr: t.expr ?? '' })),
    ...queries(p.panels ?? []),
  ]);
}

describe('the shipped Grafana dashboard and Prometheus config', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(async () => {
    await t.close();
  });

  it('queries only metrics a real server exports', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('deploy/grafana/pigeon-dashboard.json', root), 'utf8')) as { panels: Panel[] };
    const { types } = await scrape(t.url);
    const all = queries(dashboard.panels);
    assert.ok(all.length >= 10, 'the dashboard has its queries');
    for (const { title, expr } of all) {
      const names = expr.match(/\bpigeon_[a-zA-Z0-9_]+/g) ?? [];
      assert.ok(names.length > 0, `${title}: queries no pigeon metric`);
      for (const name of names) assert.ok(familyOf(name, types), `${title}: ${name} is not exported`);
    }
  });

  it('scrapes the nodes of the shipped nginx upstream', () => {
    const prometheus = readFileSync(new URL('deploy/prometheus/prometheus.yml', root), 'utf8');
    const nginx = readFileSync(new URL('deploy/nginx/pigeon.conf', root), 'utf8');
    const upstream = [...nginx.matchAll(/^\s*server (\d+\.\d+\.\d+\.\d+:\d+)/gm)].map((m) => m[1]);
    assert.ok(upstream.length > 0);
    for (const node of upstream) assert.ok(prometheus.includes(`'${node}'`), `${node} is scraped`);
  });
});
