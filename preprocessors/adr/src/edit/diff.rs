//! Unified diffs for `--dry-run`: what the edit would change, line by line,
//! with three lines of context, as `git diff` shows it.

/// The unified diff of `before` → `after`, labelled with the two paths.
pub fn unified(from: &str, to: &str, before: &str, after: &str) -> String {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let ops = lcs_ops(&a, &b);
    let mut out = format!("--- {from}\n+++ {to}\n");
    let context = 3;
    let mut i = 0;
    while i < ops.len() {
        if matches!(ops[i], Op::Same(..)) {
            i += 1;
            continue;
        }
        // A hunk: from `context` lines before this change to `context` after the last change near it.
        let start = i.saturating_sub(context);
        let mut end = i;
        let mut same_run = 0;
        while end < ops.len() {
            if matches!(ops[end], Op::Same(..)) {
                same_run += 1;
                if same_run > 2 * context {
                    break;
                }
            } else {
                same_run = 0;
            }
            end += 1;
        }
        let end = (end - same_run.min(end))
            .saturating_add(context.min(same_run))
            .min(ops.len());
        let (mut a_start, mut b_start) = (None, None);
        let (mut a_len, mut b_len) = (0, 0);
        let mut body = String::new();
        for op in &ops[start..end] {
            match *op {
                Op::Same(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    a_len += 1;
                    b_len += 1;
                    push_line(&mut body, ' ', a[x]);
                }
                Op::Removed(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    a_len += 1;
                    push_line(&mut body, '-', a[x]);
                }
                Op::Added(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    b_len += 1;
                    push_line(&mut body, '+', b[y]);
                }
            }
        }
        let a_first = if a_len == 0 {
            a_start.unwrap_or(0)
        } else {
            a_start.unwrap_or(0) + 1
        };
        let b_first = if b_len == 0 {
            b_start.unwrap_or(0)
        } else {
            b_start.unwrap_or(0) + 1
        };
        out.push_str(&format!("@@ -{a_first},{a_len} +{b_first},{b_len} @@\n"));
        out.push_str(&body);
        i = end.max(i + 1);
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    match line.strip_suffix('\n') {
        Some(l) => {
            out.push_str(l);
            out.push('\n');
        }
        None => {
            out.push_str(line);
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// An edit step; indexes are the line in `a` and in `b` at that point.
#[derive(Debug, Clone, Copy)]
enum Op {
    Same(usize, usize),
    Removed(usize, usize),
    Added(usize, usize),
}

/// The steps of a longest-common-subsequence diff. Quadratic, which is fine
/// for ADR files; common head and tail are taken off first.
fn lcs_ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let (n, m) = (am.len(), bm.len());
    let mut table = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * (m + 1) + j] = if am[i] == bm[j] {
                table[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                table[(i + 1) * (m + 1) + j].max(table[i * (m + 1) + j + 1])
            };
        }
    }
    let mut ops: Vec<Op> = (0..head).map(|k| Op::Same(k, k)).collect();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && am[i] == bm[j] {
            ops.push(Op::Same(head + i, head + j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || table[i * (m + 1) + j + 1] > table[(i + 1) * (m + 1) + j]) {
            ops.push(Op::Added(head + i, head + j));
            j += 1;
        } else {
            ops.push(Op::Removed(head + i, head + j));
            i += 1;
        }
    }
    for k in 0..tail {
        ops.push(Op::Same(a.len() - tail + k, b.len() - tail + k));
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn one_changed_line_with_context() {
        let before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let after = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(
            unified("x", "y", before, after),
            "--- x\n+++ y\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn a_new_file() {
        assert_eq!(
            unified("/dev/null", "b/n.md", "", "x\n"),
            "--- /dev/null\n+++ b/n.md\n@@ -0,0 +1,1 @@\n+x\n"
        );
    }
}
