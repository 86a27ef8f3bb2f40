/* Hearth console pages: refreshes the live parts of a page without reloading it, keeping keyboard focus;
   checks the size of uploads before they are sent. */
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
  // an upload over the server's limit is stopped here, before minutes of sending end in a refusal
  function limit(form) {
    form.addEventListener('submit', function (ev) {
      var max = parseInt(form.getAttribute('data-max-bytes'), 10);
      var total = 0;
      var inputs = form.querySelectorAll('input[type=file]');
      for (var i = 0; i < inputs.length; i++) {
        for (var k = 0; k < inputs[i].files.length; k++) { total += inputs[i].files[k].size; }
      }
      var note = form.querySelector('.hearth-upload-error');
      if (total > max) {
        ev.preventDefault();
        if (!note) {
          note = document.createElement('p');
          note.className = 'hearth-problem hearth-upload-error';
          note.setAttribute('role', 'alert');
          form.insertBefore(note, form.firstChild);
        }
        note.textContent = form.getAttribute('data-too-large');
      } else if (note) {
        note.parentNode.removeChild(note);
      }
    });
  }
  function start() {
    var live = document.querySelectorAll('[data-refresh]');
    for (var i = 0; i < live.length; i++) { refresh(live[i]); }
    var forms = document.querySelectorAll('form[data-max-bytes]');
    for (var j = 0; j < forms.length; j++) { limit(forms[j]); }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
