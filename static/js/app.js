// Small behaviours that need no framework. No inline scripts: the content security policy forbids them.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});

// "Quay lại" on the error pages: the browser's own back keeps what the user had typed. Without script, or
// without history, the link's address serves (the referring page of this site, or home).
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-back]");
  if (target && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
