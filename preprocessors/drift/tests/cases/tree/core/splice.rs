pub fn apply_splices() {}
