status 6 rejected
