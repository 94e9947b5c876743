import { useUi } from '../state/ui';

/** Dismissible notices, announced to screen readers (role="alert"). Text only, never HTML. */
export function Notices() {
  const notices = useUi((s) => s.notices);
  const dismiss = useUi((s) => s.dismiss);
  if (!notices.length) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} role="alert" className="notice">
          <span>{n.text}</span>
          <button
            type="button"
            className="secondary"
            onClick={() => dismiss(n.id)}
            aria-label="Dismiss notice"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
