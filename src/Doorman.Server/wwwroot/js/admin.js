// Small progressive enhancements for the admin pages; every form also works without script.
document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  navigator.clipboard?.writeText(source.value ?? source.textContent).then(() => {
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
});
document.addEventListener('change', (event) => {
  const lock = event.target.closest('[data-unlock]');
  if (!lock) return;
  const field = document.getElementById(lock.dataset.unlock);
  field.disabled = !lock.checked;
  if (lock.checked) field.focus();
});
document.querySelectorAll('[data-unlock]').forEach((lock) => {
  document.getElementById(lock.dataset.unlock).disabled = !lock.checked;
});
