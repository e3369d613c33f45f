// Product page: sort the sales points nearest first. The browser's position, rounded to two decimals of a
// degree (about 1 km), goes into the page's address as lat/lon; the server checks them. No inline script (CSP).
(function () {
  "use strict";
  const box = document.querySelector("[data-near]");
  if (!box || !("geolocation" in navigator)) {
    return;
  }
  const button = box.querySelector("button");
  const status = box.querySelector("[role=status]");
  box.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(
      function (position) {
        const url = new URL(window.location.href);
        url.searchParams.set("lat", position.coords.latitude.toFixed(2));
        url.searchParams.set("lon", position.coords.longitude.toFixed(2));
        url.hash = "buy-title";
        window.location.assign(url.toString());
      },
      function () {
        status.textContent = box.dataset.denied;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
