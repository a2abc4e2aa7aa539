/**
 * The source picker of the console's forms and filters: `name="source"`, an empty value
 * for "all sources" (a filter's 全部, a rule's 全局), else a source id.
 */
export function SourceSelect({ sources, selected, allLabel }: { sources: ReadonlyArray<{ id: number; name: string }>; selected: number | undefined; allLabel: string }) {
  return (
    <select name="source">
      <option value="" selected={selected === undefined}>
        {allLabel}
      </option>
      {sources.map((s) => (
        <option value={String(s.id)} selected={selected === s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
}
