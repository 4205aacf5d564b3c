/*
 * The demo page's own script: in-page links (the skip link) move focus without adding an entry
 * to the browser's history. Quick exit replaces the current entry only; an earlier "#content"
 * entry would still show on Back that this page was visited.
 */
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest('a[href^="#"]');
  if (!link) return;
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
  target.scrollIntoView();
  history.replaceState(history.state, "", link.getAttribute("href"));
});
