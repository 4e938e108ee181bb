// After a decision: poll until planning has applied it, then show the new status.
// Values come from the script tag's data attributes, never from inline script text.
(() => {
  const { municipality, sent } = document.currentScript.dataset;
  const was = new URLSearchParams(location.search).get("was");
  const page = "/ui/plans/" + encodeURIComponent(municipality);
  async function poll() {
    const resp = await fetch("/plans/" + encodeURIComponent(municipality), {credentials: "same-origin"});
    if (resp.ok) {
      const body = await resp.json();
      if (body.status !== was && body.reviews.some(r => r.review_id === sent)) {
        location.replace(page);
        return;
      }
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
