import { useView } from '../state/viewStore';
import { useController } from '../state/controllerContext';

/** Dismissible notices, announced to screen readers (role="alert"). Text only, never HTML. */
export function Notices() {
  const notices = useView((s) => s.notices);
  const { dismissNotice: dismiss } = useController();
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
