// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // Read aloud: the browser's own speech, where it has it.
  var readButton = document.querySelector('[data-read-aloud]');
  if (readButton && 'speechSynthesis' in window) {
    readButton.hidden = false;
    readButton.setAttribute('aria-pressed', 'false');
    readButton.addEventListener('click', function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        readButton.setAttribute('aria-pressed', 'false');
        readButton.textContent = 'Read aloud';
        return;
      }
      var parts = document.querySelectorAll('main h1, main h2, main p, main li, main legend, main label, main dt, main dd');
      var text = Array.prototype.map.call(parts, function (el) { return el.textContent.trim(); }).filter(Boolean).join('. ');
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = 'en-GB';
      utterance.rate = 0.9;
      utterance.onend = function () {
        readButton.setAttribute('aria-pressed', 'false');
        readButton.textContent = 'Read aloud';
      };
      readButton.setAttribute('aria-pressed', 'true');
      readButton.textContent = 'Stop reading';
      window.speechSynthesis.speak(utterance);
    });
  }

  // Leave this site quickly: swap this page for a neutral one so Back does not return to it.
  // Pressing Escape three times does the same, as on UK domestic abuse services' sites.
  var exit = document.querySelector('[data-quick-exit]');
  if (exit) {
    var leave = function (event) {
      if (event) event.preventDefault();
      document.body.hidden = true;
      document.title = 'Weather';
      window.open(exit.href, '_blank', 'noopener');
      window.location.replace(exit.href);
    };
    exit.addEventListener('click', leave);
    var presses = 0;
    var timer;
    document.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape') return;
      presses += 1;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { presses = 0; }, 2000);
      if (presses >= 3) leave();
    });
  }

  // Print button on the certificate.
  var printButton = document.querySelector('[data-print]');
  if (printButton) {
    printButton.hidden = false;
    var hint = document.querySelector('[data-print-hint]');
    if (hint) hint.hidden = true;
    printButton.addEventListener('click', function () { window.print(); });
  }

  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
