new "Use Zig" --supersedes 4
