/* Channel Tracker: "Copy" buttons for the share snippets of a channel page. Without
   JavaScript the buttons stay hidden and the snippets are plain read-only text to select. */
(function () {
  "use strict";

  function copy(text, field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    field.select(); // http:// pages have no clipboard API: the old way
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject();
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var id = button.getAttribute("data-copy");
    var field = document.getElementById(id);
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (!field || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field.value, field).then(
        function () { status.textContent = "Copied."; },
        function () { field.select(); status.textContent = "Selected: press Ctrl+C or ⌘C to copy."; }
      );
    });
  });
})();
