/* Channel Tracker: arrow keys in the search results. Without it the results are plain links,
   reached with Tab like any other.

   Down and Up move the focus to the next or previous result link (across the groups);
   Down in the search box goes to the first result. Nothing else changes. */
(function () {
  "use strict";

  var results = document.querySelector("[data-search-results]");
  if (!results) {
    return;
  }
  var links = Array.prototype.slice.call(results.querySelectorAll(".search-list a"));
  var box = document.getElementById("search-q");

  function move(from, step) {
    var index = links.indexOf(from) + step;
    if (index >= 0 && index < links.length) {
      links[index].focus();
      return true;
    }
    if (index < 0 && box) {
      box.focus();
      return true;
    }
    return false;
  }

  results.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step && links.indexOf(document.activeElement) >= 0 && move(document.activeElement, step)) {
      event.preventDefault();
    }
  });

  if (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && links.length) {
        links[0].focus();
        event.preventDefault();
      }
    });
  }
})();
