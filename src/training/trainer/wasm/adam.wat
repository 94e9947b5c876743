;; Adam's update of one variable in wasm SIMD, straight on tfjs-backend-wasm's heap (fusedAdam.ts).
;;
;; The same float32 operations in the same order as tfjs's Adam (and fusedAdam.ts's JS loop), each
;; one correctly rounded (f32x4 and f32 arithmetic are IEEE float32), four entries at a time:
;;   m' = β1·m + (1−β1)·g
;;   v' = β2·v + ((g·g)·(1−β2))
;;   w' = ((m' / (1−β1^t)) / (√(v' / (1−β2^t)) + ε)) · (−lr) + w
;; The entries left over when n is not a multiple of four take the same operations one at a time.
;;
;; Pointers are byte offsets into the imported memory (the backend's own): the variable w, its moments
;; m and v, the gradient g, and the three outputs, n float32 entries each. The outputs must not overlap
;; the inputs (the kernel writes fresh tensors). `MEMORY` is replaced by the memory's type when the
;; binary is made (scripts/buildWasmKernels.ts): plain for tfjs's one-thread build, shared for its
;; threaded one.
(module
  (import "env" "memory" MEMORY)
  (func (export "adam")
    (param $w i32) (param $m i32) (param $v i32) (param $g i32)
    (param $ow i32) (param $om i32) (param $ov i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
    (param $a1 f32) (param $a2 f32) (param $eps f32) (param $nlr f32)
    (local $i i32) (local $bytes i32) (local $end i32)
    (local $vb1 v128) (local $vc1 v128) (local $vb2 v128) (local $vc2 v128)
    (local $va1 v128) (local $va2 v128) (local $veps v128) (local $vnlr v128)
    (local $gx v128) (local $mx v128) (local $vx v128) (local $sx v128)
    (local $gs f32) (local $ms f32) (local $vs f32) (local $ss f32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $vb1 (f32x4.splat (local.get $b1)))
    (local.set $vc1 (f32x4.splat (local.get $c1)))
    (local.set $vb2 (f32x4.splat (local.get $b2)))
    (local.set $vc2 (f32x4.splat (local.get $c2)))
    (local.set $va1 (f32x4.splat (local.get $a1)))
    (local.set $va2 (f32x4.splat (local.get $a2)))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $vnlr (f32x4.splat (local.get $nlr)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gx (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mx
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $vb1))
            (f32x4.mul (local.get $gx) (local.get $vc1))))
        (local.set $vx
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $vb2))
            (f32x4.mul (f32x4.mul (local.get $gx) (local.get $gx)) (local.get $vc2))))
        (local.set $sx
          (f32x4.div
            (f32x4.div (local.get $mx) (local.get $va1))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vx) (local.get $va2))) (local.get $veps))))
        (v128.store (i32.add (local.get $ow) (local.get $i))
          (f32x4.add
            (f32x4.mul (local.get $sx) (local.get $vnlr))
            (v128.load (i32.add (local.get $w) (local.get $i)))))
        (v128.store (i32.add (local.get $om) (local.get $i)) (local.get $mx))
        (v128.store (i32.add (local.get $ov) (local.get $i)) (local.get $vx))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vloop)))
    (block $sdone
      (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
            (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $vs
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (local.set $ss
          (f32.div
            (f32.div (local.get $ms) (local.get $a1))
            (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $a2))) (local.get $eps))))
        (f32.store (i32.add (local.get $ow) (local.get $i))
          (f32.add
            (f32.mul (local.get $ss) (local.get $nlr))
            (f32.load (i32.add (local.get $w) (local.get $i)))))
        (f32.store (i32.add (local.get $om) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $ov) (local.get $i)) (local.get $vs))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $sloop)))))
