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
  var ui = new PagefindUI({
    element: '#search',
    bundlePath: new URL(box.getAttribute('data-bundle') || '../pagefind/', location.href).pathname,
    baseUrl: root.pathname,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true,
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
})();
