'use strict';

/** What both pages need: reading the service's JSON and its one-line errors, and formatting numbers and times. */
const SparkDigits = (() => {
  /** The error the service gave ({"error": "..."}), or the HTTP status when it gave none. */
  async function errorOf(response) {
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') {
        return body.error;
      }
    } catch (ignored) {
      // not JSON: a proxy's page, say
    }
    return `HTTP ${response.status} ${response.statusText}`.trim();
  }

  /** The JSON answer of a request, or an Error carrying the service's one-line message. */
  async function fetchJson(url, options) {
    const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options));
    if (!response.ok) {
      throw new Error(await errorOf(response));
    }
    return response.json();
  }

  /** 0.9751 as "97.51%"; a missing or NaN number as an en dash. */
  function percent(fraction, digits = 2) {
    return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '\u2013';
  }

  /** An ISO-8601 instant in the reader's own time zone, with how long ago it was. */
  function when(iso) {
    const time = new Date(iso);
    if (!iso || Number.isNaN(time.getTime())) {
      return '\u2013';
    }
    const seconds = Math.round((Date.now() - time.getTime()) / 1000);
    const ago = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']]
      .map(([size, unit]) => [Math.floor(seconds / size), unit])
      .find(([count]) => count >= 1);
    const relative = ago ? ` (${ago[0]} ${ago[1]}${ago[0] === 1 ? '' : 's'} ago)` : ' (just now)';
    return time.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) + relative;
  }

  /** A link to a run's report, or the run id alone when the service gives no report for it. */
  function reportLink(text, url) {
    if (!url) {
      return document.createTextNode(text);
    }
    const link = document.createElement('a');
    link.href = url;
    link.textContent = text;
    return link;
  }

  return { fetchJson, percent, when, reportLink };
})();
