/* Channel Tracker's embed script, for other sites. It turns each
     <a data-channel-tracker-widget href="https://TRACKER/channels/PAIR/KIND/"><img …badge…></a>
   into the channel's live widget (an <iframe> of https://TRACKER/embed/channels/PAIR/KIND/).
   Without JavaScript nothing happens and the badge stays: it is the widget's fallback.
   Only links to the tracker this script came from are upgraded. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.URL) return;
  var origin = new URL(script.src).origin;
  var CHANNEL = /^\/channels\/([a-z]{2}-[a-z]{2})\/([a-z]+)\/$/;

  function upgrade(link) {
    var url = new URL(link.getAttribute("href"), document.baseURI);
    var found = url.origin === origin && CHANNEL.exec(url.pathname);
    if (!found) return;
    var badge = link.querySelector("img");
    var frame = document.createElement("iframe");
    frame.src = origin + "/embed/channels/" + found[1] + "/" + found[2] + "/";
    frame.title = (badge && badge.alt ? badge.alt : "Channel state") + " (live)";
    frame.width = link.getAttribute("data-width") || "400";
    frame.height = link.getAttribute("data-height") || "180";
    frame.loading = "lazy";
    frame.style.border = "0";
    frame.style.maxWidth = "100%";
    link.parentNode.replaceChild(frame, link);
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("a[data-channel-tracker-widget]"),
    upgrade
  );
})();
