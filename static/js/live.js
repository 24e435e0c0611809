/* Channel Tracker: progressive enhancement of the public pages. Without it they are complete.

   Live updates: an element with data-live-url is refetched every 10 seconds with
   If-None-Match. A 304 means nothing changed; a 200 whose markup differs replaces the
   element's content, and the polite status line (role="status") says so, with the summary
   the fragment carries in data-announce. Polling pauses while the tab is hidden, waits while
   keyboard focus is inside the region (the swap happens when focus leaves), and backs off
   after errors.

   Timeline tooltips: Escape hides them until the pointer or focus moves (WCAG 1.4.13). */
(function () {
  "use strict";

  var INTERVAL = 10000;
  var MAX_INTERVAL = 300000;

  function timeNow() {
    return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function sameMarkup(region, html) {
    var probe = document.createElement("div");
    probe.innerHTML = html;
    return probe.innerHTML.trim() === region.innerHTML.trim();
  }

  function watch(region, status) {
    var url = region.getAttribute("data-live-url");
    var etag = null;
    var pending = null;
    var delay = INTERVAL;
    var timer = null;

    function apply(html) {
      region.innerHTML = html;
      var meta = region.querySelector("[data-announce]");
      var summary = meta ? " " + meta.getAttribute("data-announce") : "";
      status.textContent = "Updated at " + timeNow() + "." + summary;
    }

    function offer(html) {
      if (sameMarkup(region, html)) return;
      if (region.contains(document.activeElement)) {
        pending = html; // do not pull the page from under the keyboard
        return;
      }
      pending = null;
      apply(html);
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(poll, delay);
    }

    function poll() {
      if (document.hidden) return; // visibilitychange polls again
      var headers = { "X-Requested-With": "live" };
      if (etag) headers["If-None-Match"] = etag;
      fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 304) return null;
          if (!response.ok) throw new Error("HTTP " + response.status);
          etag = response.headers.get("ETag");
          return response.text();
        })
        .then(function (html) {
          delay = INTERVAL;
          if (html !== null) offer(html);
        })
        .catch(function () {
          delay = Math.min(delay * 2, MAX_INTERVAL);
        })
        .then(schedule);
    }

    region.addEventListener("focusout", function (event) {
      if (pending !== null && !region.contains(event.relatedTarget)) {
        var html = pending;
        pending = null;
        apply(html);
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) poll();
    });
    schedule();
  }

  function startLive() {
    var region = document.querySelector("[data-live-url]");
    var status = document.querySelector("[data-live-status]");
    if (!region || !status || !window.fetch) return;
    var wrapper = status.closest("[hidden]");
    if (wrapper) wrapper.hidden = false;
    watch(region, status);
  }

  function dismissibleTooltips() {
    var root = document.documentElement;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") root.classList.add("tl-tips-hidden");
    });
    function show() {
      root.classList.remove("tl-tips-hidden");
    }
    document.addEventListener("focusin", show);
    document.addEventListener("pointerover", function (event) {
      if (event.target.closest && event.target.closest(".tl-period")) show();
    });
  }

  startLive();
  dismissibleTooltips();
})();
