# check.jq - what a layerblas-bench JSON document must hold; prints one line
# per problem and nothing for a good document (see smoke-test).

# The baselines each case is set beside.
def baselines: {
  "affine": ["gemm"],
  "relu": ["memcpy"],
  "softmax_xent": ["memcpy", "naive"],
  "mlp_step": ["gemm", "naive"],
  "net_step": ["gemm"],
  "affine_xent": ["unfused"]
};

# The cases oneDNN runs too, in float, when the bench was built with it
# (a non-null "onednn" object).
def peer_cases: ["affine", "relu", "softmax_xent", "net_step"];

# The impls a result's group must hold, in a document $doc.
def wants($doc):
  ["layerblas"] + (baselines[.case] // [])
  + (if $doc.onednn != null and .dtype == "f32" and (.case | IN(peer_cases[]))
     then ["onednn"] else [] end);

def is_num: type == "number";
def is_str: type == "string";

def result_ok:
  (.case | is_str) and (.impl | is_str) and (.limit | is_str)
  and (.dtype == "f32" or .dtype == "f64")
  and (.threads | is_num) and .threads >= 1
  and (.shape | is_str) and (.shape | test("^[0-9]+(x[0-9]+)+$"))
  and (.median_us | is_num) and (.min_us | is_num)
  and .min_us > 0 and .min_us <= .median_us
  and ((.gflops | is_num) or (.gbps | is_num))
  and (.of_limit | is_num);

def group_key: "\(.case) \(.shape) \(.dtype) \(.threads) threads";

(["machine", "blas", "onednn", "results"]) as $top |
(if (keys - $top) != [] then "unexpected top-level keys: \(keys - $top)"
 else empty end),
(if .onednn != null and (.onednn.version | is_str | not)
 then "onednn has no version" else empty end),
(if (.machine | type) != "object" then "no machine object" else empty end),
(if (.blas.name | is_str | not) or (.blas.core | is_str | not)
 then "blas has no name or core" else empty end),
(if (.results | type) != "array" or (.results | length) == 0
 then "no results" else empty end),
(.results[]? | select(result_ok | not) | "bad result: \(tojson)"),
(. as $doc | baselines | keys[]
 | select(. as $c | all($doc.results[]?; .case != $c))
 | "case \(.) is missing"),
(. as $doc | .results // [] | group_by(group_key)[]
 | (.[0] | wants($doc)) as $want
 | ([.[].impl] | sort) as $have
 | select($have != ($want | sort))
 | "\(.[0] | group_key): has \($have | join(", ")), wants \($want | sort | join(", "))")
