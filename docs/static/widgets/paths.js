// examrules_nb site: tell RequireJS where the vendored widget renderer lives, so that the fonts and styles it
// loads relative to its own module URL come from this folder (_static/widgets/) at any page depth, from disk too.
(function () {
  var me = document.currentScript && document.currentScript.src;
  if (!me || !window.requirejs) return;
  var here = me.replace(/[?#].*$/, '').replace(/[^\/]*$/, '');      // .../_static/widgets/
  window.requirejs.config({paths: {
    '@jupyter-widgets/html-manager/dist': here.replace(/\/$/, ''),
    '@jupyter-widgets/html-manager': here + 'html-manager',
  }});
  window.__jupyter_widgets_assets_path__ = here;
})();
