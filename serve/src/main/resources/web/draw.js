'use strict';

/*
 * The drawing page: ink on a white canvas, sent as a PNG to the service as you draw, so that the
 * server's one preprocessing path (the predict job's) reads it; the answer and the ten
 * probabilities shown; the champion being served, followed as it changes.
 *
 * #digit's data-state says where the answer stands: "empty" (nothing drawn), "pending" (ink not
 * yet read), "ready" (the answer is for the ink as it is now) or "error" (see #status).
 */
(() => {
  /** How often the digit is read while a stroke goes on. */
  const READ_EVERY_MS = 150;
  const PAPER = '#ffffff';
  const INK = '#111111';

  const pad = document.getElementById('pad');
  const context = pad.getContext('2d');
  const digit = document.getElementById('digit');
  const confidence = document.getElementById('confidence');
  const status = document.getElementById('status');
  const bars = document.getElementById('bars');
  // MNIST's strokes are about a tenth of its 20-pixel box: the same against a digit filling most of the pad
  const inkWidth = Math.round(pad.width / 13);

  let drawing = null; // the pointer drawing now and its last point
  let inked = false;
  let readTimer = null;
  let request = null; // the read in flight: {number, controller}
  let requests = 0;
  let servedRun = null;

  const barRows = Array.from({ length: 10 }, (_, d) => {
    const row = document.createElement('li');
    row.innerHTML = `<span class="bar-label">${d}</span><span class="bar-track"><span class="bar-fill"></span></span>`
      + '<span class="bar-value">\u2013</span>';
    bars.appendChild(row);
    return { row, fill: row.querySelector('.bar-fill'), value: row.querySelector('.bar-value') };
  });

  function clearPad() {
    context.fillStyle = PAPER;
    context.fillRect(0, 0, pad.width, pad.height);
  }

  /** Where the pointer is in the pad's own pixels, however large CSS shows it (inside its border). */
  function pointOf(event) {
    const box = pad.getBoundingClientRect();
    return {
      x: (event.clientX - box.left - pad.clientLeft) * (pad.width / pad.clientWidth),
      y: (event.clientY - box.top - pad.clientTop) * (pad.height / pad.clientHeight),
    };
  }

  function inkLine(from, to) {
    context.strokeStyle = INK;
    context.lineWidth = inkWidth;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  }

  pad.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || drawing) {
      return;
    }
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    const point = pointOf(event);
    drawing = { pointerId: event.pointerId, last: point };
    inkLine(point, point); // a tap leaves a dot
    inked = true;
    show('pending');
    scheduleRead();
  });

  pad.addEventListener('pointermove', (event) => {
    if (!drawing || event.pointerId !== drawing.pointerId) {
      return;
    }
    // a fast stroke's intermediate points arrive coalesced into one event
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    for (const each of events.length ? events : [event]) {
      const point = pointOf(each);
      inkLine(drawing.last, point);
      drawing.last = point;
    }
    scheduleRead();
  });

  function endStroke(event) {
    if (!drawing || event.pointerId !== drawing.pointerId) {
      return;
    }
    drawing = null;
    clearTimeout(readTimer);
    readTimer = null;
    read();
  }
  pad.addEventListener('pointerup', endStroke);
  pad.addEventListener('pointercancel', endStroke);

  /** Reads the digit within READ_EVERY_MS while a stroke goes on: at most one timer waiting. */
  function scheduleRead() {
    if (readTimer === null) {
      readTimer = setTimeout(() => {
        readTimer = null;
        read();
      }, READ_EVERY_MS);
    }
  }

  /** Sends the pad as it is now; an answer to an older picture is dropped, and its request cancelled. */
  function read() {
    if (!inked) {
      return;
    }
    if (request) {
      request.controller.abort();
    }
    const current = { number: ++requests, controller: new AbortController() };
    request = current;
    pad.toBlob(async (png) => {
      if (request !== current) {
        return;
      }
      try {
        const answer = await SparkDigits.fetchJson('api/predict', {
          method: 'POST',
          headers: { 'Content-Type': 'image/png', Accept: 'application/json' },
          body: png,
          signal: current.controller.signal,
        });
        if (request === current) {
          request = null;
          showAnswer(answer);
        }
      } catch (error) {
        if (request === current && error.name !== 'AbortError') {
          request = null;
          showError(error.message);
        }
      }
    }, 'image/png');
  }

  /** The answer is "ready" only when no stroke or read is still to change it. */
  function show(state) {
    digit.dataset.state = state;
  }

  function settledState() {
    return drawing || readTimer !== null || request ? 'pending' : 'ready';
  }

  function showAnswer(answer) {
    const probabilities = answer.probabilities || [];
    digit.textContent = String(answer.digit);
    confidence.textContent = `${SparkDigits.percent(probabilities[answer.digit], 1)} sure`;
    barRows.forEach((bar, d) => {
      const p = Number(probabilities[d]) || 0;
      bar.fill.style.width = `${(p * 100).toFixed(1)}%`;
      bar.value.textContent = SparkDigits.percent(p, 1);
      bar.row.classList.toggle('top', d === answer.digit);
    });
    status.textContent = `Read by run ${answer.runId}.`;
    status.classList.remove('error');
    if (answer.runId !== servedRun) {
      loadModel(); // a promotion or a rollback since the page loaded
    }
    show(settledState());
  }

  function showError(message) {
    status.textContent = message;
    status.classList.add('error');
    show(settledState() === 'ready' ? 'error' : 'pending');
  }

  function resetAnswer() {
    digit.textContent = '?';
    confidence.textContent = '\u00a0';
    barRows.forEach((bar) => {
      bar.fill.style.width = '0';
      bar.value.textContent = '\u2013';
      bar.row.classList.remove('top');
    });
  }

  function clear() {
    if (request) {
      request.controller.abort();
      request = null;
    }
    clearTimeout(readTimer);
    readTimer = null;
    drawing = null;
    inked = false;
    clearPad();
    resetAnswer();
    status.textContent = 'Draw a digit in the box.';
    status.classList.remove('error');
    show('empty');
  }

  document.getElementById('clear').addEventListener('click', clear);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      clear();
    }
  });

  async function loadModel() {
    const fields = ['run', 'accuracy', 'promoted', 'reason'].map((name) => document.getElementById(`model-${name}`));
    const report = document.getElementById('model-report');
    try {
      const model = await SparkDigits.fetchJson('api/model');
      servedRun = model.runId;
      fields[0].replaceChildren(SparkDigits.reportLink(model.runId, model.reportUrl));
      fields[1].textContent = SparkDigits.percent(model.testAccuracy);
      if (model.followingChampion) {
        fields[2].textContent = `${SparkDigits.when(model.promotedAt)}, promotion ${model.promotionNumber}`;
        fields[3].textContent = model.reason || '\u2013';
      } else {
        fields[2].textContent = 'not followed: this server answers with one fixed run (--run)';
        fields[3].textContent = '\u2013';
      }
      report.hidden = !model.reportUrl;
      if (model.reportUrl) {
        report.href = model.reportUrl;
      }
    } catch (error) {
      fields.forEach((field) => { field.textContent = '\u2013'; });
      fields[0].textContent = `unknown: ${error.message}`;
      report.hidden = true;
    }
  }

  clearPad();
  resetAnswer();
  loadModel();
})();
