/* Hearth console pages: refreshes the live parts of a page without reloading it, keeping keyboard focus. */
(function () {
  'use strict';
  function refresh(el) {
    // location.origin never carries user:password@, which fetch() refuses
    var url = new URL(el.getAttribute('data-refresh'), location.origin).href;
    var every = parseInt(el.getAttribute('data-every') || '3000', 10);
    var busy = false;
    function tick() {
      if (busy || document.hidden) { return; }
      busy = true;
      fetch(url, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          busy = false;
          if (html === null || html === el.getAttribute('data-last')) { return; }
          var active = document.activeElement;
          var focusId = active && el.contains(active) ? active.id : null;
          el.innerHTML = html;
          el.setAttribute('data-last', html);
          if (focusId) {
            var again = document.getElementById(focusId);
            if (again) { again.focus(); }
          }
        })
        .catch(function () { busy = false; });
    }
    setInterval(tick, every);
  }
  function start() {
    var live = document.querySelectorAll('[data-refresh]');
    for (var i = 0; i < live.length; i++) { refresh(live[i]); }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
