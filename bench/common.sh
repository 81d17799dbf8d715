# Shared by the training benchmarks (sourced by bench/NAME/run): one way to build, to run each side for several
# rounds, to give the peer its fastest setting, and to print the load and the RESULT line.
#
# Like with like: PyTorch computes in float32, so the RESULT line compares our float32 precision
# (-Ddlcourse.precision=float32: tensors computed and stored in float32, see dlcourse.tensor.Precision) with it,
# in a JVM with the Vector API module (as the course's kernel starts it; -Ddlcourse.vector=false in BENCH_JAVA_OPTS
# measures without it); our float64
# default is measured in the same rounds and printed as a FLOAT64 line with its own ratio.
#
# Fairness on a busy machine: each round runs ours (in each precision) and PyTorch once on 1 thread and once on
# 2 threads, alternating, so that a burst of other work hits both sides alike; each side keeps its best round
# over both thread counts (on a loaded machine one thread often beats two, for PyTorch and for us). Our 2
# threads are the default (OpenBLAS's threads and dlcourse.tensor.Parallel on both cores); our 1 thread is
# OPENBLAS_NUM_THREADS=1 with -Ddlcourse.threads=1; our "1+blas" is -Ddlcourse.threads=1 with OpenBLAS on its
# own default threads, which is what PyTorch's 1 thread is: torch.set_num_threads(1) leaves the OpenBLAS it
# calls for its products on all cores (its 1-thread runs use two CPU-seconds a second here, and one with
# OPENBLAS_NUM_THREADS=1, where they are slower; x @ W for the MLP's first layer takes 158 us against 222 us).
#
# Settings (environment):
#   ROUNDS   rounds per side (default 3)
#   MATMUL   our MatMul back end: auto (default: native OpenBLAS if installed), native, vector, java, reference
#   PRECISIONS  our precisions to measure, the first one in the RESULT line (default "float32 float64")
#   PEER_THREAD_COUNTS  the PyTorch thread counts to try (default "1 2")
#   OURS_THREAD_COUNTS  our thread settings to try (default "1 1+blas 2"; "2" is the library's default setting)
#   BENCH_JAVA_OPTS  more options for our JVM, e.g. -Ddlcourse.vector=false (the element functions' plain loops)

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-3}"
matmul="${MATMUL:-auto}"
peer_threads="${PEER_THREAD_COUNTS:-1 2}"
precisions="${PRECISIONS:-float32 float64}"
ours_threads="${OURS_THREAD_COUNTS:-1 1+blas 2}"

# Builds the library jar and its jar folder once.
bench_build() {
  (cd "$bench_root" && ./mvnw -B -q -pl lib package -DskipTests)
  bench_cp="$bench_root/lib/target/dlcourse-lib.jar:$bench_root/lib/target/jars/*"
}

# Our JVM: the serial collector as in the notebooks' kernel (ExecutionJvm), the Vector API module so that
# MATMUL=vector can load, the back end chosen by MATMUL, the precision by BENCH_PRECISION (set per run by
# bench_rounds; float64, the library's default, otherwise), one thread when BENCH_THREADS=1, one thread of ours
# with OpenBLAS on its default threads when BENCH_THREADS=1+blas.
bench_java() {
  local prefix=() one=()
  if [ "${BENCH_THREADS:-}" = 1 ]; then prefix=(env OPENBLAS_NUM_THREADS=1); one=(-Ddlcourse.threads=1); fi
  if [ "${BENCH_THREADS:-}" = 1+blas ]; then one=(-Ddlcourse.threads=1); fi
  "${prefix[@]}" java -XX:+UseSerialGC --add-modules jdk.incubator.vector -Ddlcourse.matmul="$matmul" \
    -Ddlcourse.precision="${BENCH_PRECISION:-float64}" "${one[@]}" ${BENCH_JAVA_OPTS:-} "$@" \
    2> >(grep -v -e 'incubat' -e '^1 warning$' >&2)
}

bench_header() {
  echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
  echo "== ours: $(bench_java -cp "$bench_cp" dlcourse.tensor.MatMulInfo | head -1)"
  echo "== ours: precisions $precisions (the first is compared in the RESULT line), threads: $ours_threads"
  echo "== peer: PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') CPU float32, threads: $peer_threads"
}

# bench_value LINE KEY: the number after KEY= in LINE.
bench_value() {
  sed -nE "s/.*[ ]$2=([0-9.]+).*/\1/p" <<<" $1" | head -1
}

# bench_rounds NAME UNIT OURS_KEY PEER_KEY -- OURS_CMD... -- PEER_CMD...
# Runs ROUNDS rounds; OURS_CMD runs once per precision and thread count (BENCH_PRECISION and BENCH_THREADS set),
# PEER_CMD with PEER_THREADS set to each count; prints each line, a FLOAT64-style line per further precision, and
# the RESULT.
bench_rounds() {
  local name="$1" unit="$2" ours_key="$3" peer_key="$4"
  shift 4
  [ "$1" = "--" ] && shift
  local ours_cmd=() peer_cmd=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do ours_cmd+=("$1"); shift; done
  shift
  peer_cmd=("$@")
  local peer=0 peer_best_threads="" precision threads
  declare -A ours=() ours_best_threads=()
  for precision in $precisions; do ours[$precision]=0; ours_best_threads[$precision]=""; done
  for round in $(seq "$rounds"); do
    echo "-- round $round of $rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
    local line value
    for precision in $precisions; do
      for threads in $ours_threads; do
        line="$(BENCH_PRECISION="$precision" BENCH_THREADS="$threads" "${ours_cmd[@]}" | grep -E "(^| )$ours_key=" | tail -1)"
        echo "ours ($precision, $threads thread$([ "$threads" = 1 ] || echo s)): $line"
        value="$(bench_value "$line" "$ours_key")"
        [ -n "$value" ] || { echo "$name: our side printed no $ours_key" >&2; exit 1; }
        if awk -v a="$value" -v b="${ours[$precision]}" 'BEGIN { exit !(a + 0 > b + 0) }'; then
          ours[$precision]="$value"
          ours_best_threads[$precision]="$threads"
        fi
      done
    done
    for threads in $peer_threads; do
      line="$(PEER_THREADS="$threads" "${peer_cmd[@]}" | grep -E "(^| )$peer_key=" | tail -1)"
      echo "peer ($threads thread$([ "$threads" = 1 ] || echo s)): $line"
      value="$(bench_value "$line" "$peer_key")"
      [ -n "$value" ] || { echo "$name: the peer printed no $peer_key" >&2; exit 1; }
      if awk -v a="$value" -v b="$peer" 'BEGIN { exit !(a + 0 > b + 0) }'; then
        peer="$value"
        peer_best_threads="$threads"
      fi
    done
  done
  echo "machine load after the run: $(cut -d' ' -f1-3 /proc/loadavg) (timings under load are not performance figures)"
  local first="" ratio
  for precision in $precisions; do
    [ -n "$first" ] || first="$precision"
    echo "best of $rounds rounds: ours $precision ${ours[$precision]} $unit (MatMul $matmul, on ${ours_best_threads[$precision]} thread(s)), PyTorch float32 $peer $unit (on $peer_best_threads thread(s))"
  done
  for precision in $precisions; do
    [ "$precision" != "$first" ] || continue
    ratio="$(awk -v o="${ours[$precision]}" -v p="$peer" 'BEGIN { printf "%.3f", o / p }')"
    echo "$(tr '[:lower:]' '[:upper:]' <<<"$precision") $name ratio=$ratio ours=${ours[$precision]} peer=$peer unit=$unit (ours in $precision against PyTorch float32)"
  done
  ratio="$(awk -v o="${ours[$first]}" -v p="$peer" 'BEGIN { printf "%.3f", o / p }')"
  echo "RESULT $name ratio=$ratio ours=${ours[$first]} peer=$peer unit=$unit"
}
