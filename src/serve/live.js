// Injected by `dossier serve` into every HTML page it sends (never written
// to the built site). Reloads the page after each good build; after a
// failed one, shows its errors over the page until the next good build.
(function () {
  'use strict';
  var loaded = null; // the build generation this page came from
  var overlay = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(errors) {
    hide();
    overlay = document.createElement('div');
    overlay.id = 'dossier-serve-overlay';
    overlay.setAttribute('role', 'alert');
    var box = document.createElement('div');
    box.className = 'dossier-serve-box';
    var h = document.createElement('h2');
    h.textContent = 'dossier: the build failed (' + errors.length + ' error' + (errors.length === 1 ? '' : 's') +
      '); this is the last good site';
    box.appendChild(h);
    errors.forEach(function (e) {
      var item = document.createElement('section');
      var where = document.createElement('p');
      where.className = 'dossier-serve-at';
      where.textContent = e.at ? e.at + ': ' + e.message : e.message;
      var pre = document.createElement('pre');
      pre.textContent = e.text;
      item.appendChild(where);
      item.appendChild(pre);
      box.appendChild(item);
    });
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide until the next build';
    close.addEventListener('click', hide);
    box.appendChild(close);
    overlay.appendChild(box);
    (document.body || document.documentElement).appendChild(overlay);
  }

  function update(status, isNewBuild) {
    if (loaded === null) loaded = status.generation;
    if (status.generation !== loaded || (isNewBuild && !status.errors)) {
      location.reload();
      return;
    }
    if (status.errors) show(status.errors);
    else hide();
  }

  var source = new EventSource('/__dossier/events');
  source.addEventListener('status', function (e) {
    update(JSON.parse(e.data), false);
  });
  source.addEventListener('reload', function (e) {
    update(JSON.parse(e.data), true);
  });
  source.addEventListener('failed', function (e) {
    update(JSON.parse(e.data), false);
  });
})();
