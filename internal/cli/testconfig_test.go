package cli

import (
	"onset/internal/auth"
	"onset/internal/service"
)

func serviceConfigForTest() service.Config { return service.Config{Passwords: auth.TestParams} }
