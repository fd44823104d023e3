'use strict';

/* The registry page: the model's runs with retraining's decisions, and its promotion history. */
(() => {
  /** The registry changes when retraining runs: read it again now and then while the page is open. */
  const REFRESH_MS = 15000;
  const OUTCOMES = { PROMOTED: 'promoted', KEPT_CHAMPION: 'kept the champion', SKIPPED: 'skipped' };

  function cell(row, content, className) {
    const td = row.insertCell();
    if (content instanceof Node) {
      td.appendChild(content);
    } else {
      td.textContent = content ?? '\u2013';
    }
    if (className) {
      td.className = className;
    }
    return td;
  }

  /** The run's id, marked as the champion, or as the run this server answers with when that is another (a fixed run). */
  function runCell(row, run) {
    const id = document.createElement('code');
    id.textContent = run.runId;
    const td = cell(row, id, 'mono');
    const badges = [run.champion && 'champion', run.served && !run.champion && 'served here'].filter(Boolean);
    badges.forEach((text) => {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = text;
      td.appendChild(badge);
    });
  }

  function fill(table, items, emptyText, addRow) {
    const body = table.tBodies[0];
    body.replaceChildren();
    if (items.length === 0) {
      const row = body.insertRow();
      const td = cell(row, emptyText, 'empty-note');
      td.colSpan = table.tHead.rows[0].cells.length;
      return;
    }
    items.forEach((item) => addRow(body.insertRow(), item));
  }

  function show(registry) {
    const champion = registry.champion || null;
    document.getElementById('model-name').textContent = registry.model ?? '';
    const summary = document.getElementById('champion');
    summary.classList.remove('error');
    summary.replaceChildren();
    if (champion) {
      summary.append('Run ', SparkDigits.reportLink(champion.runId, champion.reportUrl),
        `, ${SparkDigits.percent(champion.testAccuracy)} on the test split, champion since `
        + `${SparkDigits.when(champion.promotedAt)}: ${champion.reason ?? ''}`);
    } else {
      summary.textContent = 'No champion yet: no run has been promoted.';
    }

    fill(document.getElementById('runs'), [...(registry.runs || [])].reverse(), 'No published run yet.', (row, run) => {
      row.classList.toggle('champion', Boolean(run.champion));
      runCell(row, run);
      cell(row, SparkDigits.percent(run.testAccuracy), 'number');
      const decision = run.decision;
      cell(row, decision ? OUTCOMES[decision.outcome] ?? decision.outcome : 'none recorded',
        decision ? `outcome-${decision.outcome}` : 'empty-note');
      cell(row, decision ? decision.reason : '');
      cell(row, run.reportUrl ? SparkDigits.reportLink('report', run.reportUrl) : '');
    });

    const promotions = [...(registry.promotions || [])].reverse();
    fill(document.getElementById('promotions'), promotions, 'No promotion yet.', (row, promotion) => {
      row.classList.toggle('champion', Boolean(champion) && promotion.number === champion.number);
      cell(row, String(promotion.number), 'number');
      cell(row, SparkDigits.reportLink(promotion.runId, promotion.reportUrl), 'mono');
      cell(row, SparkDigits.when(promotion.promotedAt));
      cell(row, promotion.reason);
      cell(row, promotion.replacesRunId ?? 'none (the first)', promotion.replacesRunId ? 'mono' : 'empty-note');
    });
  }

  async function load() {
    try {
      show(await SparkDigits.fetchJson('api/registry'));
    } catch (error) {
      const summary = document.getElementById('champion');
      summary.textContent = `The registry could not be read: ${error.message}`;
      summary.classList.add('error');
    }
  }

  load();
  setInterval(() => {
    if (!document.hidden) {
      load();
    }
  }, REFRESH_MS);
})();
