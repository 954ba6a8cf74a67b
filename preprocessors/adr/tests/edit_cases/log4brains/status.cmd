status 20210415-deploy-on-fridays accepted
