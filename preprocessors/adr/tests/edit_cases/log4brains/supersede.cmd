supersede 20210301-use-log4brains 20210415-deploy-on-fridays
