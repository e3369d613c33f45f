// Verification page, after it has rendered: offer to share the consumer's coarse location (or send it at once
// when the browser already allows it), so a cloned stamp checked in places too far apart is caught. Only two
// decimals of a degree (about 1 km) leave the phone. No inline script: the content security policy forbids it.
(function () {
  "use strict";
  const box = document.querySelector("[data-locate-url]");
  if (!box || !("geolocation" in navigator) || !window.fetch) {
    return;
  }
  const button = box.querySelector("button");
  const status = box.querySelector("[role=status]");
  let sent = false;

  function send(position) {
    if (sent) {
      return;
    }
    sent = true;
    const body = new FormData();
    body.append("t", box.dataset.token);
    body.append("lat", position.coords.latitude.toFixed(2));
    body.append("lon", position.coords.longitude.toFixed(2));
    fetch(box.dataset.locateUrl, { method: "POST", body: body, credentials: "omit" })
      .then(function (response) {
        if (response.status !== 200) {
          return null;
        }
        return response.text().then(function (html) {
          const verdict = document.getElementById("verdict");
          if (verdict) {
            verdict.outerHTML = html;
          }
          // The new verdict is never "genuine": no star may stay anywhere on the page.
          document.querySelectorAll("[data-star]").forEach(function (element) {
            element.remove();
          });
        });
      })
      .catch(function () {})
      .then(function () {
        button.hidden = true;
        status.textContent = box.dataset.thanks;
      });
  }

  function ask() {
    navigator.geolocation.getCurrentPosition(
      send,
      function () {
        status.textContent = box.dataset.denied;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  }

  box.hidden = false;
  button.addEventListener("click", ask);
  if (navigator.permissions && navigator.permissions.query) {
    navigator.permissions
      .query({ name: "geolocation" })
      .then(function (permission) {
        if (permission.state === "granted") {
          ask();
        }
      })
      .catch(function () {});
  }
})();
