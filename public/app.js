// Progressive enhancement only: every page works without this file.
// Prevents double submission of a form on slow connections (the button shows it is busy).
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (form.dataset.submitting === '1') {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = '1';
  for (const button of form.querySelectorAll('button[type=submit], button:not([type])')) {
    button.setAttribute('aria-busy', 'true');
  }
  // Allow a retry if the user comes back to the page (bfcache) or the request stalls.
  setTimeout(() => { delete form.dataset.submitting; }, 8000);
});
