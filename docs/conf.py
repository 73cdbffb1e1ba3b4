# Sphinx configuration of the offline documentation site, used by `examrules docs` (examrules_nb.site).
# `examrules docs` copies the notebooks into a temporary source directory, writes index.md and comparison.md there,
# and runs Sphinx with this directory as its configuration directory (-c docs). Settings that depend on the command
# line (executing or not, the timeout) are passed with -D by examrules_nb.site.
project = 'examrules_nb'
author = 'examrules_nb founding engineers'
copyright = '2026 onwards, examrules_nb founding engineers'

extensions = ['myst_nb']
myst_enable_extensions = []          # no dollarmath/amsmath: the site loads no MathJax
myst_heading_anchors = 3
suppress_warnings = ['myst.header']      # nbdev notebooks often go from the title (H1) to H3
html_static_path = ['static']
html_theme = 'alabaster'
html_title = 'examrules_nb'
html_theme_options = {'description': 'Dutch university exam regulations, computed exactly and explained article by article.',
                      'show_powered_by': False, 'github_button': False, 'fixed_sidebar': True,
                      'page_width': '1180px', 'sidebar_width': '250px'}
html_sidebars = {'**': ['about.html', 'searchfield.html', 'localtoc.html', 'navigation.html', 'relations.html']}
html_copy_source = False             # no _sources/*.ipynb.txt copies of the notebooks
html_show_sourcelink = False
html_css_files = ['site.css']

# Notebooks: executed by myst-nb during the build; a cell error stops the build.
nb_execution_mode = 'force'
nb_execution_timeout = 600
nb_execution_allow_errors = False
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
# Saved widget state renders with renderer scripts served from the site itself (docs/static/widgets/, vendored
# from the npm registry; see the README), never from a CDN as myst-nb's default does. paths.js (ours) points
# RequireJS at that folder so the renderer's fonts load from it too. The renderer would fetch a third-party widget
# module from data-jupyter-widgets-cdn: the explorers use only the built-in widgets, and the attribute points at a
# folder of the site instead of the default CDN, so nothing is ever fetched from outside.
nb_ipywidgets_js = {
    'widgets/require.js': {},
    'widgets/paths.js': {},
    'widgets/embed-amd.js': {'data-jupyter-widgets-cdn': '_static/widgets/modules/'},
}

# No MathJax: it would come from a CDN. Math (rare here: grades are plain decimals) is shown as its TeX source.
html_math_renderer = 'plain'

def _math_inline(self, node):
    from docutils import nodes
    self.body.append(self.starttag(node, 'code', '', CLASS='math notranslate') + self.encode(node.astext()) + '</code>')
    raise nodes.SkipNode

def _math_block(self, node):
    from docutils import nodes
    self.body.append(self.starttag(node, 'pre', '', CLASS='math notranslate') + self.encode(node.astext()) + '</pre>\n')
    raise nodes.SkipNode

def setup(app):
    app.add_html_math_renderer('plain', (_math_inline, None), (_math_block, None))
    # the site's own extension (examrules_nb.site.setup_sphinx): article anchors only in the text (not in the sidebar's
    # copy of a heading), the article index the search looks numbers up in, and docs/static/site.js on every page
    from examrules_nb.site import setup_sphinx
    return setup_sphinx(app)
