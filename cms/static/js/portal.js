/* Relais portal: the phone's share sheet (with the image where allowed) and share recording. */
(function () {
  "use strict";
  var script = document.currentScript;
  var shareUrl = script && script.getAttribute("data-share-url");
  var csrf = document.querySelector("#share-record input[name=csrfmiddlewaretoken]");

  function record(variant, method) {
    if (!shareUrl || !variant || !csrf) return;
    var body = new URLSearchParams({ variant: variant, method: method });
    fetch(shareUrl, {
      method: "POST", body: body, credentials: "same-origin", keepalive: true,
      headers: { "X-CSRFToken": csrf.value },
    }).catch(function () {});
  }

  function imageFile(url) {
    if (!url || !window.File) return Promise.resolve(null);
    return fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.blob() : null; })
      .then(function (blob) { return blob ? new File([blob], "relais.jpg", { type: "image/jpeg" }) : null; })
      .catch(function () { return null; });
  }

  // Show "Share" only where the Web Share API exists; otherwise the network buttons remain.
  if (navigator.share) {
    document.querySelectorAll(".native-share").forEach(function (button) {
      button.hidden = false;
      var filePromise = imageFile(button.getAttribute("data-share-image"));
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-share-text");
        filePromise.then(function (file) {
          // The link goes in `text` only: several apps duplicate it when `url` is set too.
          var data = { title: button.getAttribute("data-share-title"), text: text };
          if (file && navigator.canShare && navigator.canShare({ files: [file] })) data.files = [file];
          return navigator.share(data);
        }).then(function () {
          record(button.getAttribute("data-variant"), "native");
        }).catch(function () {});
      });
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".share-button .share-link, .copy-caption, .download-image");
    if (!link) return;
    var item = link.closest("[data-variant]");
    var variant = item ? item.getAttribute("data-variant") : null;
    if (!variant) {
      var card = link.closest(".kit-card");
      var native = card && card.querySelector(".native-share");
      variant = native && native.getAttribute("data-variant");
    }
    var method = link.classList.contains("copy-caption") ? "copy"
      : link.classList.contains("download-image") || link.hasAttribute("download") ? "download" : "intent";
    record(variant, method);
  });
})();
