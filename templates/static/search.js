// dossier's search page: Pagefind's UI over the index in ../pagefind/.
// Opened from disk (file://) the browser cannot load the index, so the page
// says so instead of failing silently. No inline script: the page's
// Content-Security-Policy allows only the site's own files.
(function () {
  'use strict';
  var box = document.getElementById('search');
  var offline = document.getElementById('search-offline');
  if (!box) return;
  function showOffline() {
    if (offline) offline.hidden = false;
    box.hidden = true;
  }
  if (location.protocol === 'file:' || typeof PagefindUI === 'undefined') {
    showOffline();
    return;
  }
  // The site's root, as a path: results are linked under it, so the site
  // works under any sub-path.
  var root = new URL(box.getAttribute('data-root') || '../', location.href);
  var bundle = new URL(box.getAttribute('data-bundle') || '../pagefind/', location.href);
  // A big site's index comes in parts (pagefind/, pagefind/part-1/, …),
  // each built apart to bound the build's memory; dossier-parts.json lists
  // the parts after the first. Pagefind searches them all and sorts their
  // results by score in one list, filter counts added up.
  function start(parts) {
    var ui = new PagefindUI({
      element: '#search',
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      showSubResults: true,
      excerptLength: 12,
      showImages: false,
      resetStyles: false,
      autofocus: true,
      mergeIndex: parts.map(function (part) {
        return {
          bundlePath: new URL(part, bundle).pathname,
          baseUrl: root.pathname,
          excerptLength: 12,
        };
      }),
      processResult: function (result) {
        // The kind of page ("Personne", "Article"…) beside its title.
        if (result.meta && result.meta.kind) {
          if (result.meta.title) result.meta.title = result.meta.title + ' · ' + result.meta.kind;
          delete result.meta.kind;
        }
        return result;
      },
    });
    var input = box.querySelector('input');
    if (input && box.getAttribute('data-label')) input.setAttribute('aria-label', box.getAttribute('data-label'));
    var q = new URLSearchParams(location.search).get('q');
    if (q) ui.triggerSearch(q);
  }
  fetch(new URL('dossier-parts.json', bundle))
    .then(function (r) {
      if (!r.ok) throw new Error('dossier-parts.json: HTTP ' + r.status);
      return r.json();
    })
    .then(function (list) {
      start(list && Array.isArray(list.parts) ? list.parts : []);
    }, function (e) {
      // Without the list, the first part still answers.
      console.error('dossier search: ' + e);
      start([]);
    });
})();
