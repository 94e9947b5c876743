import { wordPieces } from '../../chartData/words/pieces';

/**
 * Paragraphs of computed words (chartData/words): `[label](href)` becomes a link that opens in a new
 * tab (the science notes), `*text*` emphasis. `name` marks them for tests (data-words).
 */
export function Prose({ paragraphs, name }: { paragraphs: string[]; name: string }) {
  return (
    <>
      {paragraphs.map((t, i) => (
        <p key={i} data-words={name}>
          {wordPieces(t).map((piece, j) =>
            piece.href ? (
              <a key={j} href={piece.href} target="_blank" rel="noopener">
                {piece.text}
              </a>
            ) : piece.em ? (
              <em key={j}>{piece.text}</em>
            ) : (
              piece.text
            ),
          )}
        </p>
      ))}
    </>
  );
}
