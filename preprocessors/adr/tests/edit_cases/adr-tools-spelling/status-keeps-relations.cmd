status 3 deprecated
