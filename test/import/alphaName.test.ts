import { describe, expect, it } from 'vitest';
import { alphaFromName } from '../../src/import/alphaName';

describe('alphaFromName', () => {
  it('reads α after a key (alpha, ls, smoothing), with or without a separator', () => {
    const cases: [string, number][] = [
      ['resnet_ls0.1_logits.npy', 0.1],
      ['ls_0.2.npz', 0.2],
      ['alpha=0.3.csv', 0.3],
      ['ALPHA-0.05.npz', 0.05],
      ['vit_label_smoothing_0.15_labels.npy', 0.15],
      ['ls.4.npz', 0.4],
      ['model ls 0.25.csv', 0.25],
      ['runs/2024/resnet50_ls0_logits.npy', 0],
      ['C:\\logs\\alpha0.3.npz', 0.3],
      // The same α stated twice is still one α.
      ['ls0.1_alpha0.1.npz', 0.1],
    ];
    for (const [name, alpha] of cases) expect(alphaFromName(name), name).toBe(alpha);
  });

  it('gives α = 0 to a ce/baseline name only when nothing else names a smoothing', () => {
    expect(alphaFromName('resnet_ce_logits.npy')).toBe(0);
    expect(alphaFromName('baseline.npz')).toBe(0);
    expect(alphaFromName('CE-vit.csv')).toBe(0);
    // "ce" and a bare "ls" word: which model is it? Ask.
    expect(alphaFromName('ce_vs_ls.npz')).toBeNull();
    // "ce" inside a word is not the word ce.
    expect(alphaFromName('resnet_face_logits.npy')).toBeNull();
    expect(alphaFromName('cifar_ce_ls0.2.npz')).toBe(0.2);
  });

  it('asks (null) when the name gives no α, several, or one outside [0, 1)', () => {
    for (const name of [
      'resnet_logits.npy',
      'model.npz',
      'ls0.1_ls0.2.npz',
      'alpha=2.csv',
      'ls10.npz',
      // A key inside a word is not the key: "cls", "falsealpha".
      'cls0.5.npz',
      'resnet50.npz',
      'steps0.1.npz',
    ])
      expect(alphaFromName(name), name).toBeNull();
  });
});
