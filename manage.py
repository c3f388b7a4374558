#!/usr/bin/env python
from complaintdesk.__main__ import main

if __name__ == "__main__":
    main()
