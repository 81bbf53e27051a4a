// Hand a file the API sent (an export) to the browser as a download, without keeping it in the page.

/** Save `{ blob, name }` as a download. */
export function saveFile({ blob, name }) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started; the object URL only keeps the data in memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
