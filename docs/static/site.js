/* examrules_nb site: the article lookup in the search, and explorer snapshots shown as such. No network, no libraries. */
(function () {
  'use strict';
  // "4.9.5", "art. 4.9.5", "artikel 3.14.8", "4.2.3 f" -> "4-9-5", the form of an article's anchor (art-4-9-5)
  function articleKey(q) {
    q = (q || '').toLowerCase().trim().replace(/^(art(ikel|icle)?\.?|§)\s*/, '');
    if (!/^\d/.test(q)) return null;
    var k = q.replace(/\s*\(([a-z])\)$/, '$1').replace(/[^0-9a-z]+/g, '-').replace(/^-+|-+$/g, '');
    return /^\d+(-\d+)*(-?[a-z])?$/.test(k) ? k.replace(/-([a-z])$/, '$1') : null;
  }
  function words(q) {
    return (q || '').toLowerCase().split(/\s+/).filter(function (w) { return w.length >= 4; });
  }
  function articleHits(q) {
    var all = window.EXAMRULES_ARTICLES || [], key = articleKey(q);
    if (key) return all.filter(function (a) { return a.id === 'art-' + key; });
    var ws = words(q);
    if (!ws.length) return [];
    return all.filter(function (a) {
      var t = a.title.toLowerCase();
      return ws.every(function (w) { return t.indexOf(w) >= 0; });
    }).slice(0, 10);
  }
  function searchPage() {
    var results = document.getElementById('search-results');
    if (!results) return;
    var q = new URLSearchParams(window.location.search).get('q') || '';
    var hits = articleHits(q);
    if (!hits.length) return;
    var box = document.createElement('div');
    box.className = 'article-hits';
    var h = document.createElement('h2');
    h.textContent = hits.length === 1 ? 'Article' : 'Articles';
    box.appendChild(h);
    var ul = document.createElement('ul');
    ul.className = 'search article-hits';
    hits.forEach(function (a) {
      var li = document.createElement('li'), link = document.createElement('a');
      link.href = a.page + '#' + a.id;
      link.textContent = a.title;
      li.appendChild(link);
      li.appendChild(document.createTextNode(' — ' + a.regulation));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    results.parentNode.insertBefore(box, results);
  }
  // explorer snapshots: controls cannot change anything without a kernel: disable them, hide saving
  function freeze(root) {
    root.querySelectorAll('.cell_output input, .cell_output select, .cell_output textarea, .cell_output button').forEach(function (el) {
      el.disabled = true;
      el.title = 'A snapshot: run the command above to use the explorer live';
    });
    root.querySelectorAll('.cell_output .widget-button, .cell_output .widget-text').forEach(function (el) {
      var t = (el.textContent || '') + ' ' + ((el.querySelector('label') || {}).textContent || '');
      if (/save/i.test(t)) el.classList.add('snapshot-hidden');
    });
  }
  function snapshotPage() {
    if (!document.querySelector('.explorer-snapshot')) return;
    document.body.classList.add('explorer-snapshot-page');
    freeze(document);
    new MutationObserver(function () { freeze(document); }).observe(document.body, { childList: true, subtree: true });
  }
  window.examrulesArticleKey = articleKey;
  document.addEventListener('DOMContentLoaded', function () { searchPage(); snapshotPage(); });
})();
