package server_test

const childEnv = "OUTPOST_TEST_SERVER_CHILD"

func runChild() int { return 0 }
