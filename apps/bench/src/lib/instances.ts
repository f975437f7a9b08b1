/** Where user `index` of a job goes: its instance when the target has several, else the target's one address. */
export function instanceUrl(target: { url: string; instances?: readonly string[] }, index: number): string {
  const list = target.instances;
  return list?.length ? list[index % list.length] : target.url;
}
