// Refresh the review queue every 10 seconds without reloading the page.
// Rows are built with textContent: nothing from the API is parsed as HTML.
(() => {
  const body = document.getElementById("queue-rows");
  // The status names in the page's language (codes where one is missing).
  const statuses = JSON.parse(body.dataset.statuses || "{}");

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  async function refresh() {
    const resp = await fetch("/queue?limit=100", {credentials: "same-origin"});
    if (!resp.ok) return;
    const plans = (await resp.json()).plans;
    body.replaceChildren();
    for (const p of plans) {
      const row = body.insertRow();
      const link = document.createElement("a");
      link.href = "/ui/plans/" + encodeURIComponent(p.municipality);
      link.textContent = p.municipality;
      row.insertCell().append(link);
      cell(row, "v" + p.version);
      cell(row, statuses[p.status] || p.status.replace("_", " "), "status status-" + p.status);
      cell(row, p.updated_at.slice(0, 16).replace("T", " "));
    }
    if (!plans.length) cell(body.insertRow(), body.dataset.empty).colSpan = 4;
  }
  setInterval(refresh, 10000);
})();
