link 20210415-deploy-on-fridays --amends 20210301-use-log4brains
