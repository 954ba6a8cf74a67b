renumber 20210415-deploy-on-fridays 5
