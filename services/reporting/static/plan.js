// After a decision or an amendment: poll until planning has applied (or refused) it and
// the plan shows the change, then reload the page with the outcome.
// Values come from the script tag's data attributes, never from inline script text.
(() => {
  const { municipality, sent } = document.currentScript.dataset;
  const query = new URLSearchParams(location.search);
  const was = query.get("was");
  const rev = Number(query.get("rev"));
  const m = encodeURIComponent(municipality);
  const page = "/ui/plans/" + m + "?done=" + encodeURIComponent(sent);
  let tries = 0;
  async function poll() {
    tries += 1;
    const resp = await fetch("/plans/" + m, {credentials: "same-origin"});
    if (resp.ok) {
      const body = await resp.json();
      const found = [...body.reviews, ...body.amendments].find(
        r => (r.review_id || r.amendment_id) === sent);
      const changed = body.status !== was || body.draft.revision !== rev;
      const comment = found && found.decision === "comment";
      if (found && (found.outcome === "refused" ||
          (found.outcome === "applied" && (changed || comment)) || tries > 30)) {
        location.replace(page);
        return;
      }
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 700);
})();
