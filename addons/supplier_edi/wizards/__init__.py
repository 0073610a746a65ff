from . import account_move_edi_override
