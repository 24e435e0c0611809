/* The API docs in the visitor's colour scheme: Swagger UI's dark theme is the dark-mode class
   on <html> (set before it renders, and on every change of the system setting); Redoc is
   started here with a theme for the scheme in force. */
(function () {
  "use strict";

  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var root = document.documentElement;

  function applyScheme() {
    root.classList.toggle("dark-mode", Boolean(dark && dark.matches));
  }
  applyScheme();
  if (dark && dark.addEventListener) dark.addEventListener("change", applyScheme);

  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

  function redocTheme(isDark) {
    var theme = {
      typography: { fontFamily: FONT, headings: { fontFamily: FONT } },
    };
    if (!isDark) return theme;
    theme.colors = {
      primary: { main: "#58a6ff" },
      text: { primary: "#e6edf3", secondary: "#9198a1" },
      border: { dark: "#3d444d", light: "#3d444d" },
    };
    theme.typography.links = { color: "#58a6ff", visited: "#58a6ff", hover: "#79c0ff" };
    theme.typography.code = { color: "#e6edf3", backgroundColor: "#151b23" };
    theme.sidebar = { backgroundColor: "#151b23", textColor: "#e6edf3", activeTextColor: "#58a6ff" };
    theme.rightPanel = { backgroundColor: "#0d1117", textColor: "#e6edf3" };
    theme.schema = { nestedBackground: "#151b23", typeNameColor: "#9198a1", linesColor: "#3d444d" };
    return theme;
  }

  window.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("redoc-container");
    if (!container || !window.Redoc) return;
    var options = { theme: redocTheme(Boolean(dark && dark.matches)) };
    window.Redoc.init(container.getAttribute("data-spec-url"), options, container);
  });
})();
