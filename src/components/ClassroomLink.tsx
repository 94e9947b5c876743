import { useState } from 'react';
import { CONTROL_GROUPS, classroomUrl, type ControlGroup } from '../model/classroom';
import { useView } from '../state/viewStore';

/** Builds a link that opens the page with these settings and chosen controls hidden. */
export function ClassroomLink() {
  const current = useView((s) => s.hidden);
  const [hide, setHide] = useState<ControlGroup[]>(current.length ? current : ['advanced', 'sweep', 'files']);
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const link = classroomUrl(location.href, hide);
  const toggle = (g: ControlGroup, on: boolean): void =>
    setHide((h) => (on ? [...h, g] : h.filter((x) => x !== g)).sort());
  return (
    <details className="classroom">
      <summary>Classroom link</summary>
      <fieldset>
        <legend>Hide for the class</legend>
        {(Object.entries(CONTROL_GROUPS) as [ControlGroup, string][]).map(([g, label]) => (
          <label key={g}>
            <input type="checkbox" checked={hide.includes(g)} onChange={(e) => toggle(g, e.target.checked)} />{' '}
            Hide {label}
          </label>
        ))}
      </fieldset>
      <label className="hint">
        Link (these settings, chosen controls hidden)
        <input
          type="text"
          readOnly
          value={link}
          aria-label="Classroom link"
          onFocus={(e) => e.target.select()}
        />
      </label>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          navigator.clipboard.writeText(link).then(
            () => setCopied('done'),
            () => setCopied('failed'),
          )
        }
      >
        Copy classroom link
      </button>
      <span role="status" className="hint">
        {copied === 'done' ? ' Copied.' : copied === 'failed' ? ' Could not copy: copy the field above.' : ''}
      </span>
    </details>
  );
}

/** A line telling a class that some controls were hidden by their teacher's link. */
export function HiddenNote() {
  const hidden = useView((s) => s.hidden);
  if (!hidden.length) return null;
  return (
    <p className="hint" data-testid="hidden-note">
      This link hides some controls ({hidden.map((g) => CONTROL_GROUPS[g]).join(', ')}).
    </p>
  );
}
