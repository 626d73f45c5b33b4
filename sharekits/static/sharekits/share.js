/* Relais share buttons: copy captions, copy-then-open, Mastodon instance. No dependencies. */
(function () {
  "use strict";
  var fr = (document.documentElement.lang || "fr").indexOf("en") !== 0;
  var T = fr
    ? { copied: "Texte copié : collez-le dans votre publication.", failed: "Copie impossible : sélectionnez le texte à la main.",
        instance: "Votre instance Mastodon (par exemple mastodon.social) :", badInstance: "Nom d'instance invalide." }
    : { copied: "Caption copied: paste it into your post.", failed: "Could not copy: select the text by hand.",
        instance: "Your Mastodon instance (for example mastodon.social):", badInstance: "Invalid instance name." };
  var INSTANCE_KEY = "relais.mastodon.instance";
  var HOST_RE = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

  function feedback(message) {
    var el = document.querySelector(".copy-feedback");
    if (!el) return;
    el.textContent = message;
    el.hidden = false;
    clearTimeout(feedback.timer);
    feedback.timer = setTimeout(function () { el.hidden = true; }, 4000);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      ok ? resolve() : reject(new Error("copy failed"));
    });
  }

  function mastodonInstance() {
    var saved = window.localStorage && localStorage.getItem(INSTANCE_KEY);
    if (saved && HOST_RE.test(saved)) return saved;
    var answer = (window.prompt(T.instance, "") || "").trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    if (!answer) return null;
    if (!HOST_RE.test(answer)) { feedback(T.badInstance); return null; }
    if (window.localStorage) localStorage.setItem(INSTANCE_KEY, answer);
    return answer;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-copy], [data-copy-first], [data-mastodon-share]");
    if (!target) return;
    if (target.hasAttribute("data-copy")) {
      event.preventDefault();
      copy(target.getAttribute("data-copy")).then(function () { feedback(T.copied); }, function () { feedback(T.failed); });
    } else if (target.hasAttribute("data-copy-first")) {
      // The network ignores prefilled text: copy the caption; the link still opens in a new tab.
      copy(target.getAttribute("data-copy-first")).then(function () { feedback(T.copied); }, function () {});
    } else {
      event.preventDefault();
      var host = mastodonInstance();
      if (host) {
        window.open("https://" + host + "/share?text=" + encodeURIComponent(target.getAttribute("data-text")), "_blank", "noopener");
      }
    }
  });
})();
